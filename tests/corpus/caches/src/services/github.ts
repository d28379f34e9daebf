import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';

export interface GithubProfile {
  login: string;
  name: string | null;
  public_repos: number;
}

const profiles = new Keyv<GithubProfile>({
  store: new KeyvRedis(process.env.REDIS_URL),
  namespace: 'github-profile',
  ttl: 60 * 60 * 1000,
});

async function fetchProfile(login: string): Promise<GithubProfile> {
  const response = await fetch(`https://api.github.com/users/${login}`, {
    headers: { Accept: 'application/vnd.github+json' },
  });
  if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${login}`);
  return (await response.json()) as GithubProfile;
}

export async function githubProfile(login: string) {
  const cached = await profiles.get(login);
  if (cached) return cached;
  const profile = await fetchProfile(login);
  profiles.set(login, profile); // expect: race/no-unawaited-cache-fill
  return profile;
}

export async function githubProfileFresh(login: string) {
  const cached = await profiles.get(`fresh:${login}`);
  if (cached) return cached;
  const profile = await fetchProfile(login);
  await profiles.set(`fresh:${login}`, profile, 5 * 60 * 1000); // safe: race/no-unawaited-cache-fill
  return profile;
}
