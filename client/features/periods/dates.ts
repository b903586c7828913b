/** DatePicker display as 2019年1月10日; typing 2019-01-10 is accepted too. */
export const DATE_FORMATS = ['YYYY年M月D日', 'YYYY-MM-DD'];
