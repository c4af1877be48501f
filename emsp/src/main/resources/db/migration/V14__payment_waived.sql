-- A charge below Stripe's minimum for its currency is never sent to Stripe, which would refuse it
-- (docs/payments.md, "Amounts"): it is held for review or waived. A waived payment is SUCCEEDED
-- with nothing charged, and this column says why; null for every other payment.
alter table payment add column waived text;
