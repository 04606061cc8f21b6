/**
 * The carriers Printify names by code (`royal-mail`, `usps`…): what a person reads, and where a
 * tracking number can be looked up. A code not in the table reads as itself, tidied.
 */
type Carrier = { name: string; trackingUrl?: (trackingNumber: string) => string };

const carriers: Record<string, Carrier> = {
  "royal-mail": {
    name: "Royal Mail",
    trackingUrl: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  },
  dpd: { name: "DPD", trackingUrl: (n) => `https://track.dpd.co.uk/parcels/${n}` },
  "dpd-ireland": { name: "DPD Ireland", trackingUrl: (n) => `https://dpd.ie/tracking?parcel=${n}` },
  evri: { name: "Evri", trackingUrl: (n) => `https://www.evri.com/track/parcel/${n}` },
  hermes: { name: "Evri", trackingUrl: (n) => `https://www.evri.com/track/parcel/${n}` },
  "an-post": {
    name: "An Post",
    trackingUrl: (n) => `https://www.anpost.com/Post-Parcels/Track/History?item=${n}`,
  },
  usps: { name: "USPS", trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
  ups: { name: "UPS", trackingUrl: (n) => `https://www.ups.com/track?tracknum=${n}` },
  fedex: { name: "FedEx", trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  dhl: { name: "DHL", trackingUrl: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}` },
  "dhl-express": {
    name: "DHL Express",
    trackingUrl: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`,
  },
  "canada-post": {
    name: "Canada Post",
    trackingUrl: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${n}`,
  },
  "australia-post": {
    name: "Australia Post",
    trackingUrl: (n) => `https://auspost.com.au/mypost/track/details/${n}`,
  },
  gls: { name: "GLS" },
  postnord: { name: "PostNord" },
};

/** `ROYAL-MAIL`, `royal_mail`, `Royal Mail` → `royal-mail`. */
const codeOf = (carrier: string) =>
  carrier
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");

/** "royal-mail" → "Royal Mail"; a name already readable ("Royal Mail") or unknown stays as it is. */
export function carrierName(carrier: string): string {
  const known = carriers[codeOf(carrier)];
  if (known) return known.name;
  return /^[A-Z0-9-]+$|^[a-z0-9-]+$/.test(carrier) && carrier.includes("-")
    ? carrier
        .split("-")
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
        .join(" ")
    : carrier;
}

/** Where to follow a parcel, when the carrier has a public tracking page. */
export function carrierTrackingUrl(carrier: string, trackingNumber: string): string | null {
  const byCode = carriers[codeOf(carrier)];
  const byName = Object.values(carriers).find((c) => c.name.toLowerCase() === carrier.trim().toLowerCase());
  const url = (byCode ?? byName)?.trackingUrl;
  return url ? url(encodeURIComponent(trackingNumber)) : null;
}
