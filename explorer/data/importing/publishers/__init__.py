"""Publishers' layouts, one module per publisher (recognised by their headers; see layouts.PUBLISHERS)."""
