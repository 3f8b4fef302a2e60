"""Outgoing e-mail: written to an outbox in the transaction of the change, sent afterwards."""
