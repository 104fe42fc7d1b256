"""Publishers' layouts, one module per publisher (recognised by their headers; registered in
importing.layouts.PUBLISHERS)."""
