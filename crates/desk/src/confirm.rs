//! The final confirmation of a live payout happens outside the webview: the desk asks a
//! [`LiveConfirmer`] (in the app, a native dialog raised by the shell) and sends only on its
//! yes. The webview can ask for a live payout; it cannot send one by itself. Sandbox payouts
//! keep the in-page confirmation alone.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

/// What the merchant is asked to confirm, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivePayout {
    /// The dialog's title.
    pub title: String,
    /// (label, value) pairs: mode, provider, account, amount and currency, recipient, fee
    /// where the provider states it, reference.
    pub lines: Vec<(String, String)>,
    /// The language the dialog speaks (the UI's).
    pub language: crate::Language,
}

impl LivePayout {
    /// The dialog's text: one `label: value` line each, then the question.
    pub fn message(&self) -> String {
        let mut text: String = self
            .lines
            .iter()
            .map(|(label, value)| format!("{label}: {value}\n"))
            .collect();
        text.push('\n');
        text.push_str(self.language.words().dialog_question);
        text
    }

    /// The button that sends.
    pub fn send_label(&self) -> &'static str {
        self.language.words().dialog_send
    }

    /// The button that does not.
    pub fn cancel_label(&self) -> &'static str {
        self.language.words().dialog_cancel
    }
}

/// A future the confirmer answers with: `true` to send.
pub type Answer = Pin<Box<dyn Future<Output = bool> + Send>>;

/// Asks the merchant, outside the webview, whether to send a live payout.
pub trait LiveConfirmer: Send + Sync {
    /// `true` only when the merchant chose to send.
    fn confirm(&self, payout: LivePayout) -> Answer;
}

/// A desk with no way to ask: every live payout stays unsent.
#[derive(Debug, Default)]
pub struct NeverConfirm;

impl LiveConfirmer for NeverConfirm {
    fn confirm(&self, _payout: LivePayout) -> Answer {
        Box::pin(async { false })
    }
}

/// A test double: answers as told and keeps what it was asked.
#[derive(Debug, Default)]
pub struct ScriptedConfirmer {
    answer: Mutex<bool>,
    asked: Mutex<Vec<LivePayout>>,
}

impl ScriptedConfirmer {
    /// A confirmer that answers `answer` until told otherwise.
    pub fn answering(answer: bool) -> ScriptedConfirmer {
        ScriptedConfirmer {
            answer: Mutex::new(answer),
            asked: Mutex::new(Vec::new()),
        }
    }

    /// From now on, answer `answer`.
    pub fn set_answer(&self, answer: bool) {
        *crate::lock(&self.answer) = answer;
    }

    /// Every payout it was asked about, oldest first.
    pub fn asked(&self) -> Vec<LivePayout> {
        crate::lock(&self.asked).clone()
    }
}

impl LiveConfirmer for ScriptedConfirmer {
    fn confirm(&self, payout: LivePayout) -> Answer {
        crate::lock(&self.asked).push(payout);
        let answer = *crate::lock(&self.answer);
        Box::pin(async move { answer })
    }
}

impl crate::Desk {
    /// In live mode, asks the merchant through the [`LiveConfirmer`] and answers
    /// `payout.not_confirmed` (nothing sent, the draft kept) unless they chose to send. In
    /// sandbox mode, the in-page confirmation is enough.
    pub(crate) async fn confirm_live(
        &self,
        intent: &paydesk_store::PayoutIntent,
    ) -> Result<(), paydesk_domain::AppError> {
        if self.mode() != paydesk_domain::Mode::Live {
            return Ok(());
        }
        let label = self
            .inner
            .store
            .account(&intent.account)
            .await
            .map(|a| a.label)
            .unwrap_or_else(|_| intent.account.as_str().to_owned());
        let language = crate::language::ui_language();
        let words = language.words();
        let mut lines = vec![(words.mode.to_owned(), words.mode_live.to_owned())];
        match serde_json::from_str::<paydesk_domain::PayoutRequest>(&intent.request) {
            Ok(request) => lines.extend(crate::payouts::lines(&request, &label, language)),
            // The journal always holds a request it wrote; if it cannot be read, the summary
            // still says what, how much and to whom.
            Err(_) => lines.push((words.payout.to_owned(), intent.summary.clone())),
        }
        let payout = LivePayout {
            title: words.dialog_title.to_owned(),
            lines,
            language,
        };
        // One dialog at a time: a second confirmation (another click, another window) while
        // one is open is refused rather than stacked.
        let Ok(_one_dialog) = self.inner.confirming.try_lock() else {
            return Err(paydesk_domain::AppError::new(
                paydesk_domain::ErrorCode::PayoutInFlight,
                "A live payout is already waiting for your answer in its confirmation dialog.",
            ));
        };
        let yes = self.inner.confirmer.confirm(payout).await;
        if yes && self.inner.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            // The merchant switched mode while the dialog was open: this desk is stopped.
            return Err(paydesk_domain::AppError::new(
                paydesk_domain::ErrorCode::PayoutNotConfirmed,
                "Not sent: Paydesk left LIVE while the confirmation dialog was open. Open the \
                 payout again in LIVE to send it.",
            ));
        }
        if yes {
            tracing::info!(
                intent = intent.id.as_str(),
                "live payout confirmed in the native dialog"
            );
            Ok(())
        } else {
            tracing::info!(
                intent = intent.id.as_str(),
                "live payout not confirmed in the native dialog"
            );
            Err(paydesk_domain::AppError::new(
                paydesk_domain::ErrorCode::PayoutNotConfirmed,
                "Not sent: the payout was not confirmed in the confirmation dialog.",
            ))
        }
    }
}
