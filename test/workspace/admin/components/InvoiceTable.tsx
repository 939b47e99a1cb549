// The admin UI's invoice list: the file `.cursor/rules/react.mdc` attaches its conventions to.
export interface InvoiceRow {
  id: string;
  customer: string;
  totalCents: number;
}

export function InvoiceTable({ rows }: { rows: readonly InvoiceRow[] }) {
  return (
    <table>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>{row.customer}</td>
            <td>{(row.totalCents / 100).toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
