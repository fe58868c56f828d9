"""How the organisers' long pages are rendered fast enough for a big visit."""
