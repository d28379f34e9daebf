import { Router } from 'express';
import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });
client.on('error', (err) => console.error('Redis client error', err));
await client.connect();

interface Forecast {
  city: string;
  temperature: number;
  summary: string;
}

async function fetchForecast(city: string): Promise<Forecast> {
  const response = await fetch(`https://weather.example.com/v1/forecast?q=${encodeURIComponent(city)}`);
  if (!response.ok) throw new Error(`forecast for ${city}: ${response.status}`);
  return (await response.json()) as Forecast;
}

export const weather = Router();

weather.get('/weather/:city', async (req, res, next) => {
  try {
    const city = req.params.city.toLowerCase();
    const cacheKey = `weather:${city}`;
    const cached = await client.get(cacheKey);
    if (cached) {
      res.json(JSON.parse(cached));
      return;
    }
    const forecast = await fetchForecast(city);
    client.setEx(cacheKey, 600, JSON.stringify(forecast)); // expect: race/no-unawaited-cache-fill
    res.json(forecast);
  } catch (error) {
    next(error);
  }
});

weather.get('/weather/:city/hourly', async (req, res, next) => {
  try {
    const city = req.params.city.toLowerCase();
    const cacheKey = `weather:hourly:${city}`;
    const cached = await client.get(cacheKey);
    if (cached) {
      res.json(JSON.parse(cached));
      return;
    }
    const forecast = await fetchForecast(`${city}/hourly`);
    await client.set(cacheKey, JSON.stringify(forecast), { EX: 600 }); // safe: race/no-unawaited-cache-fill
    res.json(forecast);
  } catch (error) {
    next(error);
  }
});
