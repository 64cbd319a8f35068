//! The simulator's enumerations: sale methods and statuses (reference 7.1, 7.2), the
//! simulator-only outcome triggers (reference 12) and the `History` actions (reference 7.4).

/// A sale method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Credit card.
    Credit,
    /// Debit card.
    Debit,
    /// Billet.
    Billet,
}

impl Method {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Credit => "Credit",
            Method::Debit => "Debit",
            Method::Billet => "Billet",
        }
    }

    /// Case-sensitive, as Hubcash reads it.
    pub fn parse(text: &str) -> Option<Method> {
        match text {
            "Credit" => Some(Method::Credit),
            "Debit" => Some(Method::Debit),
            "Billet" => Some(Method::Billet),
            _ => None,
        }
    }
}

/// A sale status, 1–7 (reference 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 1
    Processed = 1,
    /// 2
    Analyzing = 2,
    /// 3
    Capturing = 3,
    /// 4
    WaitingPayment = 4,
    /// 5
    Fail = 5,
    /// 6
    Canceled = 6,
    /// 7
    Done = 7,
}

impl Status {
    /// The wire number.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The seed's name for it (reference 7.1).
    pub fn name(self) -> &'static str {
        match self {
            Status::Processed => "Processed",
            Status::Analyzing => "Analyzing",
            Status::Capturing => "Capturing",
            Status::WaitingPayment => "Waiting Payment",
            Status::Fail => "Fail",
            Status::Canceled => "Canceled",
            Status::Done => "Done",
        }
    }

    /// From the wire number.
    pub fn from_code(code: u64) -> Option<Status> {
        Some(match code {
            1 => Status::Processed,
            2 => Status::Analyzing,
            3 => Status::Capturing,
            4 => Status::WaitingPayment,
            5 => Status::Fail,
            6 => Status::Canceled,
            7 => Status::Done,
            _ => return None,
        })
    }
}

/// How a card sale's analysis ends: simulator-only triggers on the card's last 4 digits
/// (reference 12, ASSUMPTION, not a Hubcash feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Any other digits: approved.
    Approve,
    /// `0002`: declined by the operator.
    Decline,
    /// `0003`: stays in 2 Analyzing until the control API resolves it.
    Hold,
    /// `0004`: denied by fraud analysis.
    Deny,
}

impl Outcome {
    /// The outcome for a card's last 4 digits.
    pub fn for_last4(last4: &str) -> Outcome {
        match last4 {
            "0002" => Outcome::Decline,
            "0003" => Outcome::Hold,
            "0004" => Outcome::Deny,
            _ => Outcome::Approve,
        }
    }
}

/// A `History` entry's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 1
    DataReceived,
    /// 2
    AnalysisStarted,
    /// 3
    Authorized,
    /// 7 (auto-capture)
    ApprovedCaptured,
    /// 5 (operator)
    Declined,
    /// 5 (fraud)
    Denied,
    /// 4
    BilletIssued,
    /// 7 (billet)
    BilletPaid,
    /// 5/6 (billet unpaid at due date)
    BilletExpired,
    /// 7 (capture call)
    Captured,
    /// 6 (cancel call)
    Canceled,
    /// 6 (cancel of a Done card sale)
    Reversed,
    /// 6 (control API)
    ChargedBack,
    /// 6 (capture window passed)
    AuthorizationExpired,
}

impl Action {
    /// The `History.Action` text (reference 7.4 where it names one).
    pub fn text(self) -> &'static str {
        match self {
            Action::DataReceived => "Data received",
            Action::AnalysisStarted => "Fraud analysis started",
            Action::Authorized => "Authorized, waiting for capture",
            Action::ApprovedCaptured => "Approved and captured",
            Action::Declined => "Declined by the operator",
            Action::Denied => "Denied by fraud analysis",
            Action::BilletIssued => "Billet issued",
            Action::BilletPaid => "Billet paid",
            Action::BilletExpired => "Billet expired",
            Action::Captured => "Captured",
            Action::Canceled => "Canceled",
            Action::Reversed => "Reversed",
            Action::ChargedBack => "Chargeback",
            Action::AuthorizationExpired => "Authorization expired",
        }
    }
}
