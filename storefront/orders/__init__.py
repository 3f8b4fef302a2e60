"""Orders: checkout, one fulfilment per producer, payment by cash or VietQR transfer."""
