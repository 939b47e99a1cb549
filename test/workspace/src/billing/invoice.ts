/** Sums line items in integer cents. */
export function total(items: { cents: number }[]): number {
  return items.reduce((sum, item) => sum + item.cents, 0);
}
