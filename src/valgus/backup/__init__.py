"""Backup and restore of the store and the web app's results folder (`valgus backup|restore`)."""

from valgus.backup.archive import Summary, make_backup, restore_backup

__all__ = ["Summary", "make_backup", "restore_backup"]
