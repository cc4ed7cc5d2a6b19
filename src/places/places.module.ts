import { Module } from '@nestjs/common';
import { SiteDirectory } from './site-directory.js';

/** Sites as places: the lowest feature module, imported by every module that stores a site id. */
@Module({
  providers: [SiteDirectory],
  exports: [SiteDirectory],
})
export class PlacesModule {}
