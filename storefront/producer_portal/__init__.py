"""The producer portal: a cooperative's staff see and run their own shop."""
