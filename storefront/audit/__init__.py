"""The audit log: every change made by the office or a producer's staff, append-only."""
