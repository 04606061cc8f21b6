import type { ShippingAddress } from "@/db/schema";
import type { Rng } from "./prng";

/** The print-on-demand blueprints the demo shops sell. Prices are GBP minor units. */
export type ProductKind = {
  key: "tee" | "hoodie" | "mug" | "poster" | "tote";
  noun: string;
  code: string;
  blueprint: string;
  /** Size (or format) options with their price in pence. */
  sizes: readonly { name: string; price: number }[];
  colours: readonly string[];
  /** How many of the colours one product is offered in. */
  coloursPerProduct: number;
};

export const productKinds: readonly ProductKind[] = [
  {
    key: "tee",
    noun: "T-Shirt",
    code: "TEE",
    blueprint: "Unisex Heavy Cotton Tee",
    sizes: [
      { name: "S", price: 2200 },
      { name: "M", price: 2200 },
      { name: "L", price: 2200 },
      { name: "XL", price: 2200 },
      { name: "2XL", price: 2500 },
    ],
    colours: ["Black", "White", "Navy", "Sand"],
    coloursPerProduct: 2,
  },
  {
    key: "hoodie",
    noun: "Hoodie",
    code: "HOD",
    blueprint: "Unisex Heavy Blend Hooded Sweatshirt",
    sizes: [
      { name: "S", price: 4200 },
      { name: "M", price: 4200 },
      { name: "L", price: 4200 },
      { name: "XL", price: 4500 },
    ],
    colours: ["Black", "Heather Grey", "Forest Green"],
    coloursPerProduct: 2,
  },
  {
    key: "mug",
    noun: "Mug",
    code: "MUG",
    blueprint: "Ceramic Mug",
    sizes: [
      { name: "11oz", price: 1400 },
      { name: "15oz", price: 1700 },
    ],
    colours: ["White", "Black"],
    coloursPerProduct: 2,
  },
  {
    key: "poster",
    noun: "Poster",
    code: "PST",
    blueprint: "Matte Vertical Poster",
    sizes: [
      { name: "A4", price: 1500 },
      { name: "A3", price: 2200 },
      { name: "A2", price: 2900 },
    ],
    colours: [],
    coloursPerProduct: 0,
  },
  {
    key: "tote",
    noun: "Tote Bag",
    code: "TOT",
    blueprint: "Organic Cotton Tote Bag",
    sizes: [{ name: "One size", price: 1800 }],
    colours: ["Natural", "Black"],
    coloursPerProduct: 2,
  },
];

export const demoDesigns = [
  "Mountain Sunrise",
  "Retro Cassette",
  "Coffee First",
  "Cat Astronaut",
  "Tidal Wave",
  "Botanical Lines",
  "Night Owl",
  "Vinyl Lover",
  "Geometric Fox",
  "Lighthouse",
  "Bookworm",
  "Thames at Dusk",
  "Wild Swimming",
  "Plant Parent",
  "Sourdough Club",
  "Cycle Commute",
  "Moon Phases",
  "Pixel Heart",
  "Seaside Gull",
  "Northern Lights",
  "Tea & Biscuits",
  "Fern Study",
  "Brutalist Estate",
  "Fox & Hare",
  "Rainy Day",
  "Seven Sisters",
  "Allotment Life",
  "Midnight Train",
  "Jam Session",
  "Little Robin",
] as const;

export const northDesigns = [
  "Celtic Knot",
  "Atlantic Swell",
  "Ha'penny Bridge",
  "Connemara Pony",
  "Cliffs of Moher",
  "Irish Coffee",
  "Puffin Patrol",
  "Burren Flowers",
] as const;

export type Carrier = {
  name: string;
  tracking: (rng: Rng) => string;
  url: (trackingNumber: string) => string;
};

/** Everything that differs between the two shops' customers: names, addresses, carriers, money. */
export type Locale = {
  currency: string;
  country: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  streets: readonly string[];
  places: readonly { city: string; postalCode: string; region: string | null }[];
  carriers: readonly Carrier[];
  /** Converts a GBP price in pence to this shop's price. */
  price: (gbpMinor: number) => number;
  /** Shipping for an order of `units` items. */
  shipping: (units: number) => number;
};

export const ukLocale: Locale = {
  currency: "GBP",
  country: "GB",
  firstNames: [
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Harry",
    "Mia",
    "Noah",
    "Freya",
    "Jack",
    "Ella",
    "Leo",
    "Grace",
    "Arthur",
    "Poppy",
    "Alfie",
    "Evie",
    "Charlie",
    "Sophie",
    "Thomas",
    "Ruby",
    "James",
    "Priya",
    "Yusuf",
    "Chloe",
    "Henry",
  ],
  lastNames: [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Clarke",
    "Hughes",
    "Khan",
    "Ahmed",
    "Lewis",
  ],
  streets: [
    "Victoria Road",
    "Church Lane",
    "Station Road",
    "High Street",
    "Park Avenue",
    "Mill Lane",
    "Queen Street",
    "Albert Terrace",
    "Orchard Close",
    "Kingsway",
    "Elm Grove",
    "Chapel Street",
  ],
  places: [
    { city: "London", postalCode: "N1 7GU", region: null },
    { city: "London", postalCode: "SE15 4QN", region: null },
    { city: "Manchester", postalCode: "M4 1HN", region: "Greater Manchester" },
    { city: "Bristol", postalCode: "BS1 5TR", region: null },
    { city: "Leeds", postalCode: "LS6 2AB", region: "West Yorkshire" },
    { city: "Edinburgh", postalCode: "EH8 9YL", region: null },
    { city: "Cardiff", postalCode: "CF10 1EP", region: null },
    { city: "Brighton", postalCode: "BN1 4GH", region: "East Sussex" },
    { city: "Glasgow", postalCode: "G12 8QQ", region: null },
    { city: "Birmingham", postalCode: "B12 9QR", region: "West Midlands" },
    { city: "Norwich", postalCode: "NR2 4PD", region: "Norfolk" },
    { city: "York", postalCode: "YO1 7HB", region: "North Yorkshire" },
    { city: "Newcastle upon Tyne", postalCode: "NE1 4ST", region: "Tyne and Wear" },
    { city: "Sheffield", postalCode: "S11 8YA", region: "South Yorkshire" },
    { city: "Oxford", postalCode: "OX4 1AW", region: "Oxfordshire" },
    { city: "Belfast", postalCode: "BT7 1NN", region: "County Antrim" },
  ],
  carriers: [
    {
      name: "Royal Mail",
      tracking: (rng) => `RM${rng.digits(9)}GB`,
      url: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
    },
    {
      name: "DPD",
      tracking: (rng) => `1550${rng.digits(10)}`,
      url: (n) => `https://track.dpd.co.uk/parcels/${n}`,
    },
    {
      name: "Evri",
      tracking: (rng) => `H01${rng.upper(13)}`,
      url: (n) => `https://www.evri.com/track/parcel/${n}`,
    },
  ],
  price: (gbp) => gbp,
  shipping: (units) => (units > 1 ? 499 : 399),
};

export const irishLocale: Locale = {
  currency: "EUR",
  country: "IE",
  firstNames: [
    "Aoife",
    "Ciarán",
    "Saoirse",
    "Oisín",
    "Siobhán",
    "Cillian",
    "Róisín",
    "Darragh",
    "Orla",
    "Eoin",
    "Clodagh",
    "Pádraig",
  ],
  lastNames: ["Murphy", "Kelly", "O'Brien", "Byrne", "Ryan", "O'Sullivan", "Walsh", "McCarthy", "Doyle"],
  streets: ["Main Street", "Church Road", "Strand Road", "Grattan Street", "Harbour View", "Mill Road"],
  places: [
    { city: "Dublin", postalCode: "D08 VF8H", region: "County Dublin" },
    { city: "Dublin", postalCode: "D06 K7P2", region: "County Dublin" },
    { city: "Cork", postalCode: "T12 X70A", region: "County Cork" },
    { city: "Galway", postalCode: "H91 E2K3", region: "County Galway" },
    { city: "Limerick", postalCode: "V94 T9PX", region: "County Limerick" },
    { city: "Kilkenny", postalCode: "R95 K8W2", region: "County Kilkenny" },
  ],
  carriers: [
    {
      name: "An Post",
      tracking: (rng) => `CE${rng.digits(9)}IE`,
      url: (n) => `https://www.anpost.com/Post-Parcels/Track/History?item=${n}`,
    },
    {
      name: "DPD Ireland",
      tracking: (rng) => `0${rng.digits(13)}`,
      url: (n) => `https://dpd.ie/tracking?parcel=${n}`,
    },
  ],
  price: (gbp) => Math.round((gbp * 1.17) / 100) * 100 - 1,
  shipping: (units) => (units > 1 ? 650 : 495),
};

export type Customer = { name: string; email: string; address: ShippingAddress };

/** Lower-case ASCII for an email's local part ("Róisín O'Brien" → "roisin.obrien"). */
function emailPart(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/** A pool of distinct customers (some will order more than once). */
export function makeCustomers(rng: Rng, locale: Locale, count: number): Customer[] {
  const customers: Customer[] = [];
  const seen = new Set<string>();
  while (customers.length < count) {
    const first = rng.pick(locale.firstNames);
    const last = rng.pick(locale.lastNames);
    const local = `${emailPart(first)}.${emailPart(last)}`;
    if (seen.has(local)) continue;
    seen.add(local);
    const name = `${first} ${last}`;
    const place = rng.pick(locale.places);
    customers.push({
      name,
      email: `${local}@example.com`,
      address: makeAddress(rng, locale, name, place),
    });
  }
  return customers;
}

export function makeAddress(
  rng: Rng,
  locale: Locale,
  name: string,
  place = rng.pick(locale.places),
): ShippingAddress {
  return {
    name,
    line1: `${rng.int(1, 180)} ${rng.pick(locale.streets)}`,
    line2: rng.chance(0.25) ? `Flat ${rng.int(1, 24)}` : null,
    city: place.city,
    postalCode: place.postalCode,
    region: place.region,
    country: locale.country,
  };
}
