"""Command-line interface: thin Typer commands that parse, call and print."""
