import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded on the first export or import rather than at boot: requiring it takes about
 * 0.3 s on the 2-core machine, a tenth of a warm start, and most starts never touch a workbook.
 */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? m);
  return loading;
}
