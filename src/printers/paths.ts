/** Where the printer interface is served (BRIEF §12). */
export const PRINTER_PREFIX_PATH = '/printer/v1';
