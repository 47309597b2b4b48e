// Placeholder translation unit for layers without sources of their own yet.
