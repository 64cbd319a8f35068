//! The simulators' clock. Every timer (settling a payment, expiring a quote, retrying a
//! webhook) reads this clock, so tests move time forward instead of sleeping, and the demo
//! runs on real time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// A shareable clock: real time plus an offset that `advance` grows, or a fixed manual time.
#[derive(Debug, Clone)]
pub struct Clock(Arc<Mutex<ClockState>>);

#[derive(Debug)]
enum ClockState {
    System { offset: Duration },
    Manual { now: DateTime<Utc> },
}

impl Clock {
    /// Real time (demo mode). `advance` still works: it adds an offset.
    pub fn system() -> Clock {
        Clock(Arc::new(Mutex::new(ClockState::System {
            offset: Duration::zero(),
        })))
    }

    /// A clock standing at `start` until advanced (tests).
    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Mutex::new(ClockState::Manual { now: start })))
    }

    /// The current time on this clock.
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.lock() {
            ClockState::System { offset } => Utc::now() + *offset,
            ClockState::Manual { now } => *now,
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        match &mut *self.lock() {
            ClockState::System { offset } => *offset += by,
            ClockState::Manual { now } => *now += by,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // A poisoned clock still holds a valid time.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let start = Utc::now();
        let clock = Clock::manual(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::seconds(121));
        assert_eq!(clock.now(), start + Duration::seconds(121));
        let system = Clock::system();
        system.advance(Duration::hours(1));
        assert!(system.now() > Utc::now() + Duration::minutes(59));
    }
}
