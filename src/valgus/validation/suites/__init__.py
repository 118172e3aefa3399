"""One module per validation data set; each exposes ``run(data_dir, *, quick) -> list[Section]``."""
