"""Publishers' layouts, one module per publisher, registered in importing.layouts."""
