export interface CartLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** The cart one request is editing: built from the session, written back to it at the end. */
export class CartDraft {
  private readonly lines: Map<string, CartLine>;

  constructor(lines: CartLine[] = []) {
    this.lines = new Map(lines.map((line) => [line.sku, line]));
  }

  findLine(sku: string): CartLine | undefined {
    return this.lines.get(sku);
  }

  addLine(line: CartLine): void {
    this.lines.set(line.sku, line);
  }

  setQuantity(sku: string, quantity: number): void {
    const line = this.lines.get(sku);
    if (line) line.quantity = quantity;
  }

  toJSON(): CartLine[] {
    return [...this.lines.values()];
  }
}
