// A window over keyset pages: rows are fetched a page at a time as the view scrolls, pages
// far from the window are dropped again, and only the cursors (one short text per page) are
// kept for the whole history. Page i starts at row i × pageSize; its cursor is page i-1's
// `next`. The row count is known only once the last page has been read; until then the list
// is as long as the pages whose cursor is known. Every figure is reactive: a view that reads
// `rowCount`, `row(i)` or `error` updates when a page arrives.

import { untrack } from "svelte";
import { SvelteMap, SvelteSet } from "svelte/reactivity";
import type { AppError, Result } from "./bindings";

export interface Page<R> {
  rows: R[];
  next: string | null;
}

export type PageLoader<R> = (after: string | null, limit: number) => Promise<Result<Page<R>, AppError>>;

export class KeysetPager<R> {
  /** cursors[i] is the `after` of page i; a page is reachable once its cursor is known. */
  #cursors = $state.raw<(string | null)[]>([null]);
  #pages = new SvelteMap<number, R[]>();
  #loading = new SvelteSet<number>();
  #end = $state<number | null>(null);
  #generation = 0;
  #wanted: [number, number] = [0, 0];
  error = $state<AppError | null>(null);

  constructor(
    private load: PageLoader<R>,
    readonly pageSize: number,
    /** Pages kept on each side of the visible ones. */
    private keep: number,
  ) {}

  /** Rows the list is tall: exact once the end is known. */
  get rowCount(): number {
    return this.#end ?? this.#cursors.length * this.pageSize;
  }

  /** True once the last page has been read. */
  get complete(): boolean {
    return this.#end !== null;
  }

  /** Pages held in memory now. */
  get pagesHeld(): number {
    return this.#pages.size;
  }

  /** Cursors known (pages reachable). */
  get cursorsKnown(): number {
    return this.#cursors.length;
  }

  /** True while any page is being fetched. */
  get busy(): boolean {
    return this.#loading.size > 0;
  }

  /** The row at `index`, or undefined while its page is not loaded. */
  row(index: number): R | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Starts over (the filter or order changed): answers to earlier requests are ignored. */
  reset(load?: PageLoader<R>): void {
    if (load) this.load = load;
    this.#generation += 1;
    this.#cursors = [null];
    this.#pages.clear();
    this.#loading.clear();
    this.#end = null;
    this.error = null;
    this.#wanted = [0, 0];
  }

  /**
   * Makes sure the rows first..last (and one page after) are loaded; drops far pages. Reads
   * nothing reactively, so an effect that calls it depends only on its arguments.
   */
  show(first: number, last: number): void {
    untrack(() => {
      this.#wanted = [first, last];
      const firstPage = Math.floor(Math.max(0, first) / this.pageSize);
      const lastPage = Math.floor(Math.max(0, last) / this.pageSize) + 1;
      for (const p of [...this.#pages.keys()]) {
        if (p < firstPage - this.keep || p > lastPage + this.keep) this.#pages.delete(p);
      }
      if (this.error) return;
      for (let p = firstPage; p <= lastPage && p < this.#cursors.length; p++) {
        if (!this.#pages.has(p) && !this.#loading.has(p)) void this.#fetch(p);
      }
    });
  }

  /** Tries again after an error. */
  retry(): void {
    this.error = null;
    this.show(...this.#wanted);
  }

  async #fetch(page: number): Promise<void> {
    const generation = this.#generation;
    this.#loading.add(page);
    const result = await this.load(this.#cursors[page] ?? null, this.pageSize).catch(
      (e: unknown): Result<Page<R>, AppError> => ({
        status: "error",
        error: { code: "internal", message: e instanceof Error ? e.message : String(e) },
      }),
    );
    if (generation !== this.#generation) return;
    this.#loading.delete(page);
    if (result.status === "error") {
      this.error = result.error;
      return;
    }
    const { rows, next } = result.data;
    this.#pages.set(page, rows);
    if (next === null) {
      this.#end = page * this.pageSize + rows.length;
      this.#cursors = this.#cursors.slice(0, page + 1);
    } else if (this.#cursors.length === page + 1) {
      this.#cursors = [...this.#cursors, next];
    }
    // The window may now reach a page whose cursor was unknown.
    this.show(...this.#wanted);
  }
}
