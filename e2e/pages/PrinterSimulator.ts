/** The demo printer simulator's control API: the jobs it has printed (DESIGN §6). */
export interface PrinterJob {
  id: string;
  at: string;
  width_dots: number;
  cut: boolean;
  drawer_kick: boolean;
  raster_png_base64: string;
}

export async function printerJobs(baseUrl: string): Promise<PrinterJob[]> {
  const res = await fetch(`${baseUrl}/sandbox/_control/printer/jobs`);
  return ((await res.json()) as { jobs: PrinterJob[] }).jobs;
}
