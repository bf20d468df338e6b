"""Pages of the observatory: `public` for reporters, `staff` for case handlers."""
