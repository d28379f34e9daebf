import { useEffect, useState } from 'react';

// A component that waits for a transition before refetching: UI timing, not server state.
export function OrderStatus({ id }: { id: number }) {
  const [status, setStatus] = useState('pending');
  useEffect(() => {
    const refresh = async () => {
      void fetch(`/api/orders/${id}/refresh`, { method: 'POST' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // safe: race/no-sleep-synchronization
      const response = await fetch(`/api/orders/${id}`);
      setStatus(((await response.json()) as { status: string }).status);
    };
    void refresh();
  }, [id]);
  return <span>{status}</span>;
}
