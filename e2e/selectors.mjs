// Every selector the end-to-end scenarios use, in one place: adjust here when the views change.
// They aim at visible, stable things (text, roles, ARIA labels, hash routes), not at styling.

export const NAV_LABELS = ["Overview", "Transactions", "Payouts", "Get paid", "Accounts", "Settings"];

export const PROVIDER_NAMES = ["HG.Cash", "HPAY", "Hexai", "CashWeb", "Hubcash"];

export const S = {
  // The app frame.
  nav: 'nav[aria-label="Main"]',
  navLinks: 'nav[aria-label="Main"] a',
  navLink: (label) => `//nav[@aria-label="Main"]//a[normalize-space()="${label}"]`,
  sandboxBadge: "span=SANDBOX",
  // The header's LIVE / SANDBOX switch: two buttons, the current one aria-pressed="true".
  modeButton: (mode) => `//*[@role="group"][@aria-label="Mode"]//button[normalize-space()="${mode}"]`,
  modeSwitching: "header [role=status]*=Switching to",

  // The welcome screen (first launch, no mode chosen yet).
  welcomeTitle: "h1=Welcome to Paydesk",
  trySandbox: "button=Try it with simulated providers",
  connectFirst: "button=Connect my first account",
  viewTitle: "main h1",

  // Overview.
  accountCards: "main article[aria-label]",
  cardAmount: ".amount",
  cardNoBalanceNote: "p*=does not report a balance",
  cardAsOf: "dt=As of",
  earnings: 'section[aria-labelledby="earnings-title"]',
  earningsCanvas: 'section[aria-labelledby="earnings-title"] canvas',
  // The chart's range buttons: "7 days", "30 days", "90 days" (the current one aria-pressed).
  chartRange: (days) => `//*[@role="group"][@aria-label="Range"]//button[normalize-space()="${days} days"]`,
  // The banner the Overview shows when the last sync reached no provider ("Offline. No provider…").
  offlineBanner: '//main//*[@role="status"][strong[normalize-space()="Offline."]]',

  // Transactions.
  txTable: '[role="table"][aria-label="Transactions"]',
  txRows: '[role="table"][aria-label="Transactions"] [role="row"][data-row]',
  txProviderCell: '[role="cell"].c-prov',
  txStatusCell: '[role="cell"].c-status',
  txWhoCell: '[role="cell"].c-who',
  txSearch: 'form[role="search"] input[type="search"]',
  txFilterSelect: (label) => `//form[@role="search"]//label[span[normalize-space()="${label}"]]//select`,
  txDetail: 'aside[aria-label="Transaction detail"]',
  // The element that scrolls the virtualized table.
  txScroller: '[data-testid="tx-scroller"]',
  exportButton: "button=Export CSV",
  // What the export shows beside its button ("Exporting… N rows written", "Exported N rows to PATH").
  exportStatus: '//button[normalize-space()="Export CSV"]/following-sibling::*[@role="status"]',
  // The native GTK save dialog's window title (an xdotool --name regex, not a WebDriver selector).
  saveDialogTitle: "^Save File$",

  // Payouts (fields are found by the backend's field name, which the form marks).
  payoutTab: (label) => `//*[@role="tab"][normalize-space()="${label}"]`,
  field: (name) => `.field[data-field="${name}"] input, .field[data-field="${name}"] select`,
  fieldError: (name) => `.field[data-field="${name}"] [role="alert"]`,
  radio: (value) => `input[type="radio"][value="${value}"]`,
  reviewButton: "button=Review",
  confirmTitle: "h2=Check and confirm",
  retypeAmount: '.field[data-field="typedAmount"] input',
  confirmButton: "button=Confirm and send",
  payoutResult: 'section[aria-label="Payout sent"]',
  payoutResultState: 'section[aria-label="Payout sent"] .pill',
  newPayoutButton: "button=New payout",
  recentPayoutRows: "table.payouts tbody tr",
  // A live payout cancelled in the native dialog.
  payoutNotConfirmed: "[data-code='payout.not_confirmed']",

  // Get paid (the same forms and confirmation as Payouts; its result and list rows).
  getQuoteButton: "button=Get quote",
  // CashWeb's quote line: "Quote <id>: 161,500.00 NGN = 100.00 USDT on TRC20 at 1615.00 · 1:59 left".
  quoteLine: "form.payout-form .quote p",
  requestResult: 'section[aria-label="Payment request made"]',
  requestLink: "#payout-link",
  requestQr: 'section[aria-label="Payment request made"] img[alt^="QR code"]',
  timer: '[role="timer"]',
  requestRow: (id) => `table.payouts tbody tr[data-payout="${id}"]`,
  newRequestButton: "button=New request",
  cancelRequestButton: "button=Cancel…",
  // A Hubcash sale's actions in its Transactions detail.
  captureButton: "button=Capture sale…",
  closeDetailButton: 'button[aria-label="Close detail"]',

  // Accounts.
  accountForm: 'form[aria-label="Add an account"]',
  accountCard: (label) => `main article[aria-label="${label}"]`,
  accountUpdates: "[data-updates]",

  // Settings.
  openFolderButton: "button=Open folder",
  resetSandboxButton: "button=Reset sandbox data…",
  confirmResetButton: "button=Delete sandbox data",
};

/** Hash routes of the views. */
export const ROUTE = {
  overview: "#/overview",
  transactions: "#/transactions",
  payouts: "#/payouts",
  getPaid: "#/get-paid",
  accounts: "#/accounts",
  settings: "#/settings",
};
