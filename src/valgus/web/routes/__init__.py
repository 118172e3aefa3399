"""HTTP routes: HTML pages, athlete pages and the JSON API."""
