-- Until when a payment request can be paid, as the provider says (a CashWeb deposit window:
-- 30 minutes), in microseconds since the epoch like every time here; NULL when the provider
-- gives none. Get paid shows the time left and reads a request near its end again before
-- offering any action on it.
ALTER TABLE payout_intents ADD COLUMN expires_at INTEGER;
