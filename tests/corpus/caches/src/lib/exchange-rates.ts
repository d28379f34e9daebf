import NodeCache from 'node-cache';

export type Rates = Record<string, number>;

const DEFAULT_RATES: Rates = { USD: 1 };
const rates = new NodeCache({ stdTTL: 3600, checkperiod: 600 });

async function fetchRates(base: string): Promise<Rates> {
  const response = await fetch(`https://rates.example.com/latest?base=${base}`);
  if (!response.ok) throw new Error(`rates: ${response.status}`);
  const body = (await response.json()) as { rates: Rates };
  return body.rates;
}

// Serves nothing until the refresh lands, and a failed refresh is an unhandled rejection.
export function ratesFor(base: string): Rates | undefined {
  const cached = rates.get<Rates>(base);
  if (cached) return cached;
  fetchRates(base).then((fresh) => rates.set(base, fresh)); // expect: race/no-unawaited-cache-fill
  return undefined;
}

// The same refresh in the background, on purpose, with its failure logged.
export function ratesOrDefault(base: string): Rates {
  const cached = rates.get<Rates>(`or-default:${base}`);
  if (cached) return cached;
  fetchRates(base)
    .then((fresh) => rates.set(`or-default:${base}`, fresh)) // safe: race/no-unawaited-cache-fill
    .catch((error: unknown) => console.error('rate refresh failed', error));
  return DEFAULT_RATES;
}
