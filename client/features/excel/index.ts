/** Excel features for other pages: the report form's panel, the assessment export, any table's export. */
export { ExcelPanel, type ExcelPanelProps } from './ExcelPanel';
export { AssessmentExportButton, FileExportButton, type AssessmentExportButtonProps, type FileExportButtonProps } from './AssessmentExportButton';
export { downloadTable, downloadFile, annualReportUrl, annualSummaryUrl, type TableColumn, type TableRow, type TableFormat } from './download';
export type { CellProblem, UploadResult, UploadSuccess } from './upload';
