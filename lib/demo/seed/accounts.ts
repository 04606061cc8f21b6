/** One person who can sign in to the demo, with the store they belong to first. */
export type DemoAccount = {
  email: string;
  password: string;
  name: string;
  role: "owner" | "manager" | "staff";
  store: "demo" | "north";
};

/** The people who can sign in to the demo (the demo owner is also a manager of the north store). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: "owner@demo.storyline.test",
    password: "demo-owner-pass",
    name: "Olivia Owner",
    role: "owner",
    store: "demo",
  },
  {
    email: "manager@demo.storyline.test",
    password: "demo-manager-pass",
    name: "Marco Manager",
    role: "manager",
    store: "demo",
  },
  {
    email: "staff@demo.storyline.test",
    password: "demo-staff-pass",
    name: "Sam Staff",
    role: "staff",
    store: "demo",
  },
  {
    email: "owner@north.storyline.test",
    password: "north-owner-pass",
    name: "Niamh North",
    role: "owner",
    store: "north",
  },
];

/** Where each account signs in from (documentation address ranges only). */
export const BROWSERS = [
  {
    ip: "203.0.113.24",
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  },
  {
    ip: "203.0.113.57",
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  },
  {
    ip: "203.0.113.88",
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  },
  {
    ip: "198.51.100.140",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  },
] as const;
