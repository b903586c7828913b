/** Excel features for other pages: the report form's panel, the assessment export, any table's export. */
export { ExcelPanel, type ExcelPanelProps } from './ExcelPanel';
export { AssessmentExportButton, type AssessmentExportButtonProps } from './AssessmentExportButton';
export { downloadTable, downloadFile, type TableColumn, type TableRow, type TableFormat } from './download';
export type { CellProblem, UploadResult, UploadSuccess } from './upload';
