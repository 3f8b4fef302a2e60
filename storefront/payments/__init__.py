"""Card payments through Stripe: intents, webhooks, refunds, reconciliation."""
