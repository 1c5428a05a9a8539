// Residents' pages (and their error pages) ship no JavaScript: they load fast on any phone.
export const csr = false;
