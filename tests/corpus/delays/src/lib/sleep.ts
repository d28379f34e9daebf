export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A retry helper: the delay grows with the attempt, and the condition is checked again each time.
export async function withRetry<T>(operation: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(2 ** attempt * 100); // safe: race/no-sleep-synchronization
    }
  }
}
