"""Publishers' layouts, each recognised from its header (see layouts.PUBLISHERS)."""
