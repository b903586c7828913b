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

/** What every successful workbook upload answers. */
export interface UploadSaved {
  ok: true;
  message: string;
  reportId: number;
  status: string;
  revision: number;
  version: number;
  submitted: boolean;
  warnings: CellProblem[];
}

/** A progress report's upload: also how many indicators were read. */
export interface UploadSuccess extends UploadSaved {
  indicators: number;
}

/** An annual report's upload: also how many number cells were filled (totals included). */
export interface AnnualUploadSuccess extends UploadSaved {
  cells: number;
}
