"""The widgets of the Viewing page (查阅): my requests, the director's inbox, my grants and the register."""
