/** What an Excel upload answers, shared by the server route and the client panel. */

export interface CellProblem {
  sheet: string;
  /** A1-style address; '' when the problem is not about one cell. */
  cell: string;
  message: string;
  /** The indicator (and field) concerned, when the problem is about one. */
  indicator?: string;
  field?: string;
}

export interface UploadSuccess {
  ok: true;
  message: string;
  reportId: number;
  status: string;
  revision: number;
  version: number;
  submitted: boolean;
  indicators: number;
  warnings: CellProblem[];
}
