mod vtws.ini
