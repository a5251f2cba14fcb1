"""The offline network page: the data it draws, its shared tables, layout, style and
templates."""
