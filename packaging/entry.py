"""Entry script of the frozen app: the same main() as `amur-explorer`."""
import sys

from explorer.app import main

if __name__ == "__main__":
    sys.exit(main())
