//! The language the merchant reads Paydesk in, on the Rust side: what the desk itself words
//! (the confirmation lines of a payout or payment request, the native confirmation dialog of a
//! live payout, the OS notifications) follows the UI's language. The UI says which one it
//! uses through a command at start and whenever the merchant changes it; the choice itself is
//! kept in [`crate::Settings`].

use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};
use specta::Type;

/// A language Paydesk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
pub enum Language {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Spanish, with Argentine conventions.
    #[serde(rename = "es")]
    Es,
    /// Brazilian Portuguese.
    #[serde(rename = "pt-BR")]
    PtBr,
    /// French.
    #[serde(rename = "fr")]
    Fr,
}

impl Language {
    /// Every language, in the order Settings lists them.
    pub const ALL: [Language; 4] = [Language::En, Language::Es, Language::PtBr, Language::Fr];

    /// The language's tag (`en`, `es`, `pt-BR`, `fr`), as settings store it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::PtBr => "pt-BR",
            Language::Fr => "fr",
        }
    }

    /// The language a stored tag names.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// This language's words.
    pub fn words(self) -> &'static Words {
        match self {
            Language::En => &EN,
            Language::Es => &ES,
            Language::PtBr => &PT_BR,
            Language::Fr => &FR,
        }
    }
}

static UI_LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// The language the UI shows now (one UI per process).
pub fn ui_language() -> Language {
    Language::ALL
        .get(usize::from(UI_LANGUAGE.load(Ordering::Relaxed)))
        .copied()
        .unwrap_or_default()
}

/// Records the language the UI shows from now on.
pub fn set_ui_language(language: Language) {
    let index = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0);
    UI_LANGUAGE.store(u8::try_from(index).unwrap_or(0), Ordering::Relaxed);
}

/// Everything the desk words itself, in one language.
#[derive(Debug)]
pub struct Words {
    pub(crate) provider: &'static str,
    pub(crate) account: &'static str,
    pub(crate) amount: &'static str,
    pub(crate) wave_number: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) paid_by: &'static str,
    pub(crate) paid_by_billet: &'static str,
    pub(crate) paid_by_wave: &'static str,
    pub(crate) customer: &'static str,
    pub(crate) description_for: &'static str,
    pub(crate) payable_for: &'static str,
    /// "{days} days after Hubcash issues it, through its due date".
    pub(crate) payable_days: &'static str,
    pub(crate) after_paying: &'static str,
    pub(crate) after_failure: &'static str,
    pub(crate) hexai_default_page: &'static str,
    pub(crate) from_hgcash: &'static str,
    pub(crate) to_cbu: &'static str,
    pub(crate) check_digits: &'static str,
    pub(crate) check_digits_overridden: &'static str,
    pub(crate) recipient: &'static str,
    pub(crate) recipient_cuit: &'static str,
    pub(crate) concept: &'static str,
    pub(crate) external_id: &'static str,
    pub(crate) seller_deposits: &'static str,
    /// "{amount} on {network}".
    pub(crate) on_network: &'static str,
    pub(crate) quote: &'static str,
    pub(crate) quote_valid_until: &'static str,
    pub(crate) paid_in: &'static str,
    pub(crate) merchant_reference: &'static str,
    pub(crate) deposit_expires: &'static str,
    pub(crate) thirty_minutes: &'static str,
    pub(crate) product: &'static str,
    pub(crate) description: &'static str,
    pub(crate) action: &'static str,
    pub(crate) capture_whole: &'static str,
    pub(crate) cancel_sale: &'static str,
    pub(crate) sale: &'static str,
    pub(crate) mode: &'static str,
    pub(crate) mode_live: &'static str,
    pub(crate) payout: &'static str,
    /// The native dialog of a live payout.
    pub dialog_title: &'static str,
    /// The dialog's question, after the lines.
    pub dialog_question: &'static str,
    /// The dialog's button that sends.
    pub dialog_send: &'static str,
    /// The dialog's button that does not.
    pub dialog_cancel: &'static str,
    pub(crate) notice_paid: &'static str,
    pub(crate) notice_request_expired: &'static str,
    pub(crate) notice_request_cancelled: &'static str,
    pub(crate) notice_refunded: &'static str,
    pub(crate) notice_request_failed: &'static str,
    pub(crate) notice_sale_updated: &'static str,
    pub(crate) notice_sale_not_done: &'static str,
    pub(crate) notice_payout_succeeded: &'static str,
    pub(crate) notice_payout_failed: &'static str,
    pub(crate) notice_payout_cancelled: &'static str,
    pub(crate) notice_payout_ended: &'static str,
    /// One-line summaries of a payout or request, by kind ("{amount}", "{to}").
    pub(crate) summary_payout: &'static str,
    pub(crate) summary_collection: &'static str,
    pub(crate) summary_cash_out: &'static str,
    pub(crate) summary_deposit: &'static str,
    pub(crate) summary_link: &'static str,
    pub(crate) summary_billet: &'static str,
    pub(crate) summary_capture: &'static str,
    pub(crate) summary_cancel: &'static str,
    /// The marks an amount is written with: decimal, then thousands.
    pub(crate) marks: (char, char),
}

/// A payout's or request's one-line summary in `language`, from the request the journal
/// holds; in English exactly as the journal words it.
pub fn summary(request: &paydesk_domain::PayoutRequest, language: Language) -> String {
    use paydesk_domain::{CashWebPricing, PayoutRequest};
    if language == Language::En {
        return request.to_string();
    }
    let w = language.words();
    let fill = |template: &str, amount: &str, to: &str| {
        template.replace("{amount}", amount).replace("{to}", to)
    };
    let money = |m: &paydesk_domain::Money| w.money(m);
    match request {
        PayoutRequest::HexaiPayout {
            amount,
            recipient_mobile,
            ..
        } => fill(w.summary_payout, &money(amount), recipient_mobile.as_str()),
        PayoutRequest::HexaiCollection { amount, .. } => {
            fill(w.summary_collection, &money(amount), "")
        }
        PayoutRequest::HgCashCashOut {
            amount,
            destination,
            ..
        } => fill(w.summary_cash_out, &money(amount), destination.number()),
        PayoutRequest::CashWebDeposit { pricing, .. } => match pricing {
            CashWebPricing::Quote {
                network,
                fiat_amount: Some(fiat),
                crypto_amount: Some(crypto),
                crypto_currency: Some(coin),
                ..
            } => fill(
                w.summary_deposit,
                &money(fiat),
                &w.on_network(
                    &format!("{} {}", w.number(&crypto.to_string()), coin.to_uppercase()),
                    &network.to_uppercase(),
                ),
            ),
            CashWebPricing::Quote { quote_id, .. } => {
                fill(w.summary_deposit, "", quote_id).replacen("  ", " ", 1)
            }
            CashWebPricing::Direct {
                fiat_amount,
                crypto_currency,
                network,
            } => fill(
                w.summary_deposit,
                &money(fiat_amount),
                &w.on_network(&crypto_currency.to_uppercase(), &network.to_uppercase()),
            ),
        },
        PayoutRequest::HpayPaymentLink {
            amount,
            product_name,
            ..
        } => fill(w.summary_link, &money(amount), product_name),
        PayoutRequest::HubcashBilletSale {
            amount,
            customer_name,
            ..
        } => fill(w.summary_billet, &money(amount), customer_name),
        PayoutRequest::HubcashCapture { sale_id, .. } => fill(w.summary_capture, "", sale_id),
        PayoutRequest::HubcashCancel { sale_id, .. } => fill(w.summary_cancel, "", sale_id),
    }
}

impl Words {
    /// A plain decimal ("1998749.60") with this language's marks ("1.998.749,60").
    pub(crate) fn number(&self, text: &str) -> String {
        let (decimal, group) = self.marks;
        let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{frac}")
        }
    }

    /// An amount with its currency code after it, in this language's marks ("150,50 GMD").
    pub(crate) fn money(&self, money: &paydesk_domain::Money) -> String {
        format!(
            "{}\u{a0}{}",
            self.number(&money.amount().to_string()),
            money.currency().code()
        )
    }

    /// "{days} days after Hubcash issues it, through its due date", in this language.
    pub(crate) fn payable_days(&self, days: u32) -> String {
        self.payable_days.replace("{days}", &days.to_string())
    }

    /// "100.00 USDT on TRC20", in this language.
    pub(crate) fn on_network(&self, amount: &str, network: &str) -> String {
        self.on_network
            .replace("{amount}", amount)
            .replace("{network}", network)
    }
}

const EN: Words = Words {
    provider: "Provider",
    account: "Account",
    amount: "Amount",
    wave_number: "Wave number",
    reference: "Reference",
    paid_by: "Paid by",
    paid_by_billet: "billet (boleto), at a bank or in a banking app",
    paid_by_wave: "Wave, at the checkout page Hexai gives",
    customer: "Customer",
    description_for: "For",
    payable_for: "Payable for",
    payable_days: "{days} days after Hubcash issues it, through its due date",
    after_paying: "After paying",
    after_failure: "After a failure",
    hexai_default_page: "Hexai's default page",
    from_hgcash: "From HG.Cash account",
    to_cbu: "To CBU/CVU",
    check_digits: "Check digits",
    check_digits_overridden: "Wrong: you ticked 'Send anyway' (kept in the journal)",
    recipient: "Recipient",
    recipient_cuit: "Recipient CUIT",
    concept: "Concept",
    external_id: "External ID",
    seller_deposits: "Seller deposits",
    on_network: "{amount} on {network}",
    quote: "Quote",
    quote_valid_until: "Quote valid until",
    paid_in: "Paid in",
    merchant_reference: "Merchant reference",
    deposit_expires: "Deposit address expires",
    thirty_minutes: "30 minutes after creation",
    product: "Product",
    description: "Description",
    action: "Action",
    capture_whole: "Capture the whole amount",
    cancel_sale: "Cancel the sale",
    sale: "Sale",
    mode: "Mode",
    mode_live: "LIVE (real money)",
    payout: "Payout",
    dialog_title: "Confirm live payout",
    dialog_question: "Real money will be sent. Send this payout now?",
    dialog_send: "Send payout",
    dialog_cancel: "Cancel",
    notice_paid: "Payment received",
    notice_request_expired: "Payment request expired unpaid",
    notice_request_cancelled: "Payment request cancelled",
    notice_refunded: "Payment refunded",
    notice_request_failed: "Payment request failed",
    notice_sale_updated: "Sale updated",
    notice_sale_not_done: "Sale action not carried out",
    notice_payout_succeeded: "Payout succeeded",
    notice_payout_failed: "Payout failed",
    notice_payout_cancelled: "Payout was cancelled",
    notice_payout_ended: "Payout ended",
    summary_payout: "Wave payout of {amount} to {to}",
    summary_collection: "Wave collection of {amount}",
    summary_cash_out: "cash-out of {amount} to {to}",
    summary_deposit: "crypto deposit of {amount} ({to})",
    summary_link: "payment link of {amount} for {to}",
    summary_billet: "billet of {amount} for {to}",
    summary_capture: "capture of sale {to}",
    summary_cancel: "cancel of sale {to}",
    marks: ('.', ','),
};

const ES: Words = Words {
    provider: "Proveedor",
    account: "Cuenta",
    amount: "Monto",
    wave_number: "Número Wave",
    reference: "Referencia",
    paid_by: "Se paga con",
    paid_by_billet: "boleto, en un banco o en una app bancaria",
    paid_by_wave: "Wave, en la página de pago de Hexai",
    customer: "Cliente",
    description_for: "Por",
    payable_for: "Se puede pagar",
    payable_days: "{days} días desde que Hubcash lo emite, hasta su vencimiento",
    after_paying: "Después de pagar",
    after_failure: "Si falla",
    hexai_default_page: "la página predeterminada de Hexai",
    from_hgcash: "Desde la cuenta HG.Cash",
    to_cbu: "A CBU/CVU",
    check_digits: "Dígitos verificadores",
    check_digits_overridden: "Incorrectos: marcaste 'Enviar igual' (queda en el registro)",
    recipient: "Destinatario",
    recipient_cuit: "CUIT del destinatario",
    concept: "Concepto",
    external_id: "ID externo",
    seller_deposits: "El vendedor deposita",
    on_network: "{amount} en la red {network}",
    quote: "Cotización",
    quote_valid_until: "Cotización válida hasta",
    paid_in: "Se paga en",
    merchant_reference: "Referencia del comercio",
    deposit_expires: "La dirección de depósito vence",
    thirty_minutes: "30 minutos después de crearla",
    product: "Producto",
    description: "Descripción",
    action: "Acción",
    capture_whole: "Capturar el monto total",
    cancel_sale: "Cancelar la venta",
    sale: "Venta",
    mode: "Modo",
    mode_live: "REAL (dinero real)",
    payout: "Pago",
    dialog_title: "Confirmar pago con dinero real",
    dialog_question: "Se va a enviar dinero real. ¿Enviar este pago ahora?",
    dialog_send: "Enviar pago",
    dialog_cancel: "Cancelar",
    notice_paid: "Pago recibido",
    notice_request_expired: "La solicitud de pago venció sin pagarse",
    notice_request_cancelled: "Solicitud de pago cancelada",
    notice_refunded: "Pago reembolsado",
    notice_request_failed: "La solicitud de pago falló",
    notice_sale_updated: "Venta actualizada",
    notice_sale_not_done: "No se realizó la acción sobre la venta",
    notice_payout_succeeded: "Pago enviado",
    notice_payout_failed: "El pago falló",
    notice_payout_cancelled: "El pago se canceló",
    notice_payout_ended: "El pago terminó",
    summary_payout: "Pago Wave de {amount} a {to}",
    summary_collection: "Cobro Wave de {amount}",
    summary_cash_out: "Retiro de {amount} a {to}",
    summary_deposit: "Depósito cripto de {amount} ({to})",
    summary_link: "Link de pago de {amount} por {to}",
    summary_billet: "Boleto de {amount} para {to}",
    summary_capture: "Captura de la venta {to}",
    summary_cancel: "Cancelación de la venta {to}",
    marks: (',', '.'),
};

const PT_BR: Words = Words {
    provider: "Provedor",
    account: "Conta",
    amount: "Valor",
    wave_number: "Número Wave",
    reference: "Referência",
    paid_by: "Pago com",
    paid_by_billet: "boleto, em um banco ou no app do banco",
    paid_by_wave: "Wave, na página de pagamento da Hexai",
    customer: "Cliente",
    description_for: "Referente a",
    payable_for: "Pode ser pago",
    payable_days: "{days} dias depois que a Hubcash o emite, até o vencimento",
    after_paying: "Depois de pagar",
    after_failure: "Em caso de falha",
    hexai_default_page: "a página padrão da Hexai",
    from_hgcash: "Da conta HG.Cash",
    to_cbu: "Para CBU/CVU",
    check_digits: "Dígitos verificadores",
    check_digits_overridden: "Incorretos: você marcou 'Enviar mesmo assim' (fica no registro)",
    recipient: "Destinatário",
    recipient_cuit: "CUIT do destinatário",
    concept: "Descrição",
    external_id: "ID externo",
    seller_deposits: "O vendedor deposita",
    on_network: "{amount} na rede {network}",
    quote: "Cotação",
    quote_valid_until: "Cotação válida até",
    paid_in: "Pago em",
    merchant_reference: "Referência do lojista",
    deposit_expires: "O endereço de depósito expira",
    thirty_minutes: "30 minutos após a criação",
    product: "Produto",
    description: "Descrição",
    action: "Ação",
    capture_whole: "Capturar o valor total",
    cancel_sale: "Cancelar a venda",
    sale: "Venda",
    mode: "Modo",
    mode_live: "REAL (dinheiro real)",
    payout: "Pagamento",
    dialog_title: "Confirmar pagamento com dinheiro real",
    dialog_question: "Dinheiro real será enviado. Enviar este pagamento agora?",
    dialog_send: "Enviar pagamento",
    dialog_cancel: "Cancelar",
    notice_paid: "Pagamento recebido",
    notice_request_expired: "Cobrança expirou sem pagamento",
    notice_request_cancelled: "Cobrança cancelada",
    notice_refunded: "Pagamento estornado",
    notice_request_failed: "A cobrança falhou",
    notice_sale_updated: "Venda atualizada",
    notice_sale_not_done: "A ação na venda não foi realizada",
    notice_payout_succeeded: "Pagamento concluído",
    notice_payout_failed: "O pagamento falhou",
    notice_payout_cancelled: "O pagamento foi cancelado",
    notice_payout_ended: "O pagamento terminou",
    summary_payout: "Pagamento Wave de {amount} para {to}",
    summary_collection: "Cobrança Wave de {amount}",
    summary_cash_out: "Saque de {amount} para {to}",
    summary_deposit: "Depósito cripto de {amount} ({to})",
    summary_link: "Link de pagamento de {amount} para {to}",
    summary_billet: "Boleto de {amount} para {to}",
    summary_capture: "Captura da venda {to}",
    summary_cancel: "Cancelamento da venda {to}",
    marks: (',', '.'),
};

const FR: Words = Words {
    provider: "Fournisseur",
    account: "Compte",
    amount: "Montant",
    wave_number: "Numéro Wave",
    reference: "Référence",
    paid_by: "Payé par",
    paid_by_billet: "boleto, dans une banque ou une application bancaire",
    paid_by_wave: "Wave, sur la page de paiement de Hexai",
    customer: "Client",
    description_for: "Pour",
    payable_for: "Payable pendant",
    payable_days: "{days} jours après son émission par Hubcash, jusqu'à l'échéance",
    after_paying: "Après le paiement",
    after_failure: "Après un échec",
    hexai_default_page: "la page par défaut de Hexai",
    from_hgcash: "Depuis le compte HG.Cash",
    to_cbu: "Vers le CBU/CVU",
    check_digits: "Chiffres de contrôle",
    check_digits_overridden: "Incorrects : vous avez coché « Envoyer quand même » (noté au journal)",
    recipient: "Bénéficiaire",
    recipient_cuit: "CUIT du bénéficiaire",
    concept: "Motif",
    external_id: "ID externe",
    seller_deposits: "Le vendeur dépose",
    on_network: "{amount} sur le réseau {network}",
    quote: "Cotation",
    quote_valid_until: "Cotation valable jusqu'à",
    paid_in: "Payé en",
    merchant_reference: "Référence marchand",
    deposit_expires: "L'adresse de dépôt expire",
    thirty_minutes: "30 minutes après sa création",
    product: "Produit",
    description: "Description",
    action: "Action",
    capture_whole: "Capturer le montant total",
    cancel_sale: "Annuler la vente",
    sale: "Vente",
    mode: "Mode",
    mode_live: "RÉEL (argent réel)",
    payout: "Paiement",
    dialog_title: "Confirmer le paiement en argent réel",
    dialog_question: "De l'argent réel va être envoyé. Envoyer ce paiement maintenant ?",
    dialog_send: "Envoyer le paiement",
    dialog_cancel: "Annuler",
    notice_paid: "Paiement reçu",
    notice_request_expired: "Demande de paiement expirée sans paiement",
    notice_request_cancelled: "Demande de paiement annulée",
    notice_refunded: "Paiement remboursé",
    notice_request_failed: "La demande de paiement a échoué",
    notice_sale_updated: "Vente mise à jour",
    notice_sale_not_done: "L'action sur la vente n'a pas été effectuée",
    notice_payout_succeeded: "Paiement envoyé",
    notice_payout_failed: "Le paiement a échoué",
    notice_payout_cancelled: "Le paiement a été annulé",
    notice_payout_ended: "Le paiement est terminé",
    summary_payout: "Paiement Wave de {amount} à {to}",
    summary_collection: "Encaissement Wave de {amount}",
    summary_cash_out: "Retrait de {amount} vers {to}",
    summary_deposit: "Dépôt crypto de {amount} ({to})",
    summary_link: "Lien de paiement de {amount} pour {to}",
    summary_billet: "Boleto de {amount} pour {to}",
    summary_capture: "Capture de la vente {to}",
    summary_cancel: "Annulation de la vente {to}",
    marks: (',', '\u{202f}'),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("de"), None);
    }

    #[test]
    fn every_language_fills_its_placeholders() {
        for language in Language::ALL {
            let words = language.words();
            assert!(words.payable_days(7).contains('7'), "{language:?}");
            let on = words.on_network("100.00 USDT", "TRC20");
            assert!(
                on.contains("100.00 USDT") && on.contains("TRC20"),
                "{language:?}"
            );
        }
        assert_eq!(
            Language::Es.words().on_network("100.00 USDT", "TRC20"),
            "100.00 USDT en la red TRC20"
        );
    }

    #[test]
    fn numbers_take_each_language_s_marks() {
        assert_eq!(Language::Es.words().number("1998749.60"), "1.998.749,60");
        assert_eq!(Language::PtBr.words().number("-1000"), "-1.000");
        assert_eq!(
            Language::Fr.words().number("987654.32"),
            "987\u{202f}654,32"
        );
        assert_eq!(Language::En.words().number("150.50"), "150.50");
    }

    #[test]
    fn a_summary_in_each_language_and_english_as_the_journal_words_it() {
        let request: paydesk_domain::PayoutRequest = serde_json::from_value(serde_json::json!({
            "form": "hexai_payout",
            "account": "acc",
            "amount": {"amount": "1500.50", "currency": "GMD"},
            "recipient_mobile": "+2207654321",
            "client_reference": "PD-1"
        }))
        .expect("a Hexai payout request");
        assert_eq!(summary(&request, Language::En), request.to_string());
        assert_eq!(
            summary(&request, Language::Es),
            "Pago Wave de 1.500,50\u{a0}GMD a +2207654321"
        );
        assert_eq!(
            summary(&request, Language::Fr),
            "Paiement Wave de 1\u{202f}500,50\u{a0}GMD à +2207654321"
        );
    }
}
