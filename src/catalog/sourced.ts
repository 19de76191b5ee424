// The shape of every catalog table: its rows, the source they were read from and the date.
export interface Sourced<T> {
  readonly source: string;
  readonly asOf: string;
  readonly rows: T;
}
