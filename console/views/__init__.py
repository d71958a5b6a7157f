"""The console's pages, one module per area; console.app lists the routes."""
