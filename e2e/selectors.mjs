// Every selector the end-to-end scenarios use, in one place: adjust here when the views change.
// They aim at visible, stable things (text, roles, ARIA labels, hash routes), not at styling.

export const NAV_LABELS = ["Overview", "Transactions", "Payouts", "Accounts"];

export const PROVIDER_NAMES = ["HG.Cash", "HPAY", "Hexai", "CashWeb", "Hubcash"];

export const S = {
  // The app frame.
  nav: 'nav[aria-label="Main"]',
  navLinks: 'nav[aria-label="Main"] a',
  navLink: (label) => `nav[aria-label="Main"] a=${label}`,
  sandboxBadge: "span=SANDBOX",
  viewTitle: "main h1",
  // A view that says it is not built yet (the placeholder on main before the views land).
  notBuilt: "main .not-built",

  // Overview.
  accountCards: "main article[aria-label]",
  cardAmount: ".amount",
  cardNoBalanceNote: "p*=does not report a balance",
  cardAsOf: "dt=As of",
  earnings: 'section[aria-labelledby="earnings-title"]',
  earningsCanvas: 'section[aria-labelledby="earnings-title"] canvas',
  offlineBanner: "main [role=status]*=Offline",

  // Transactions.
  txTable: '[role="table"][aria-label="Transactions"]',
  txRows: '[role="table"][aria-label="Transactions"] [role="row"][data-row]',
  txSearch: 'form[role="search"] input[type="search"]',
  txProviderSelect: 'form[role="search"] label*=Provider',
};

/** Hash routes of the views. */
export const ROUTE = {
  overview: "#/overview",
  transactions: "#/transactions",
  payouts: "#/payouts",
  accounts: "#/accounts",
};
