import type { MaskUpdateEvent } from '@tfjs-prune/callbacks';
import type { WeightSparsity } from '@tfjs-prune/core';

/** The per-layer sparsity table: targets as masks update, measured sparsity after training. */
export class LayerTable {
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly table: HTMLTableElement) {}

  clear(): void {
    this.rows.clear();
    this.table.tBodies[0]?.replaceChildren();
  }

  update(event: MaskUpdateEvent): void {
    for (const target of event.targets) {
      const row = this.row(target.path);
      this.set(row, 1, `${target.size.toLocaleString('en-US')}`);
      this.set(row, 2, percent(target.targetSparsity));
      this.set(row, 3, percent(target.sparsity));
    }
  }

  finish(weights: readonly WeightSparsity[]): void {
    for (const w of weights.filter((w) => w.prunable)) {
      const row = this.row(w.path);
      this.set(row, 1, w.size.toLocaleString('en-US'));
      this.set(row, 3, percent(w.sparsity));
    }
  }

  private row(path: string): HTMLTableRowElement {
    let row = this.rows.get(path);
    if (row === undefined) {
      row = document.createElement('tr');
      for (let i = 0; i < 4; i++) row.append(document.createElement('td'));
      this.set(row, 0, path);
      this.table.tBodies[0]?.append(row);
      this.rows.set(path, row);
    }
    return row;
  }

  private set(row: HTMLTableRowElement, column: number, text: string): void {
    const cell = row.cells[column];
    if (cell !== undefined) cell.textContent = text;
  }
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
