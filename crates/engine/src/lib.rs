//! Use-cases: sync, payouts, accounts. (Being built.)
