"""Writers: reports, tables, plots, annotated video and stills."""
