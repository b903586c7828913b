export { ChartCard, type ChartCardProps } from './ChartCard';
export { exportToExcel, buildWorkbook, type ExportSpec } from './excel';
export { formatValue, formatInt, formatPct, textWidth, type CellValue, type ColumnKind, type DataColumn, type DataRow } from './format';
export { OKABE_ITO, OI, DASHES, SEQUENTIAL, NO_DATA_COLOR, STATUS_STYLE, classesFor, classOf, textOn, type ScaleClass, type StatusKey } from './palette';
export { ChartPatterns, PatternSwatch, patternFill, type PatternDef, type PatternKind } from './patterns';
